with source as (
    {{ partitions_of('audit', 'files') }}
),

final as (
    select
        program,
        cast(extract_date as date) as extract_date,
        file,
        rows_received,
        rows_accepted,
        rows_quarantined,
        fields_nulled,
        sha256,
        outcome,
        nullif(rule, '') as rule,
        nullif(reason, '') as reason,
        nullif(extra_columns, '') as extra_columns
    from source
)

select * from final
