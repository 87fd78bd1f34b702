-- application_timeliness by calendar quarter: the CSV program IT receives with the county
-- profiles (exports/<date>/counties/).
with applications as (
    select * from {{ ref('applications') }}
),

final as (
    select
        program,
        benefit,
        county,
        cast(date_trunc('quarter', received_date) as date) as received_quarter,
        {{ timeliness_counts() }}
    from applications
    where received_date is not null
    group by program, benefit, county, received_quarter
)

select * from final
