with source as (
    {{ partitions_of('audit', 'issues') }}
),

final as (
    select
        program,
        cast(extract_date as date) as extract_date,
        file,
        line,
        "column" as column_name,
        rule,
        value,
        outcome
    from source
)

select * from final
