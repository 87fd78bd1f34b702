-- Pairs a rule or a reviewer refused (rules are checked from the review band up), by rule.
with scored_pairs as (
    select * from {{ source('linkage', 'scored_pairs') }}
),

final as (
    select
        excluded_by as refused_by,
        count(*) as pairs
    from scored_pairs
    where excluded_by is not null
    group by excluded_by
)

select * from final
