-- Churn and "already served elsewhere" at each county's front door, month by month.
with applications as (
    select * from {{ ref('applications') }}
),

final as (
    select
        program,
        county,
        received_month,
        cast(count(*) as integer) as applications,
        cast(count(*) filter (where person_id is not null) as integer) as applicants_known,
        cast(count(*) filter (where is_reapplication_within_90_days) as integer) as reapplications,
        cast(count(*) filter (where is_served_elsewhere) as integer) as served_elsewhere,
        count(*) filter (where is_reapplication_within_90_days) / count(*) as churn_share,
        count(*) filter (where is_served_elsewhere) / count(*) as served_elsewhere_share
    from applications
    where received_month is not null
    group by program, county, received_month
)

select * from final
