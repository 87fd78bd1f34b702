-- The reviewers' decision rows read tonight, by what became of them; for those applied, how
-- often the model alone (match probability at or above the threshold) had said the same.
with review_decisions as (
    select * from {{ source('linkage', 'review_decisions') }}
),

scored_pairs as (
    select * from {{ source('linkage', 'scored_pairs') }}
),

judged as (
    select
        review_decisions.status,
        review_decisions.decision,
        coalesce(scored_pairs.match_probability, 0) >= {{ var('match_threshold') }} as model_links
    from review_decisions
    left join scored_pairs
        on least(review_decisions.record_id_left, review_decisions.record_id_right)
        = scored_pairs.record_id_left
        and greatest(review_decisions.record_id_left, review_decisions.record_id_right)
        = scored_pairs.record_id_right
),

final as (
    select
        status,
        count(*) as decisions,
        case
            when status = 'applied'
                then count(*) filter (where model_links = (decision = 'MUST_LINK'))
        end as model_agreed,
        case
            when status = 'applied'
                then round(count(*) filter (where model_links = (decision = 'MUST_LINK')) / count(*), 4)
        end as model_agreed_share
    from judged
    group by status
)

select * from final
