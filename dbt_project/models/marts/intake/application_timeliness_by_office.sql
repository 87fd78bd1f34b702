-- application_timeliness, one level down: each office of each county.
with applications as (
    select * from {{ ref('applications') }}
),

final as (
    select
        program,
        benefit,
        county,
        office,
        received_month,
        {{ timeliness_counts() }}
    from applications
    where received_month is not null
    group by program, benefit, county, office, received_month
)

select * from final
