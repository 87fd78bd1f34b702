-- Scored pairs by match weight, in bins of `match_weight_bin` (Splink's log2 Bayes factor),
-- marking the bins at or above the link threshold. A healthy night shows two humps.
with scored_pairs as (
    select * from {{ source('linkage', 'scored_pairs') }}
),

binned as (
    select
        cast(
            floor(match_weight / {{ var('match_weight_bin') }}) * {{ var('match_weight_bin') }}
            as integer
        ) as weight_from
    from scored_pairs
),

final as (
    select
        weight_from,
        weight_from + {{ var('match_weight_bin') }} as weight_to,
        count(*) as pairs,
        weight_from >= log2({{ var('match_threshold') }} / (1 - {{ var('match_threshold') }}))
            as is_at_or_above_threshold
    from binned
    group by weight_from
)

select * from final
