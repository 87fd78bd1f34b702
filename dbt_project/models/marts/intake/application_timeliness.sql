-- The contract's mart (docs/extract-spec.md, version 2): one row per program, benefit, county
-- and month received. An application whose received date ingest nulled has no month: it is
-- counted in marts.applications only.
with applications as (
    select * from {{ ref('applications') }}
),

final as (
    select
        program,
        benefit,
        county,
        received_month,
        {{ timeliness_counts() }}
    from applications
    where received_month is not null
    group by program, benefit, county, received_month
)

select * from final
