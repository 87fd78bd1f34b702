-- Tonight's linkage in one row (matching.night): how it was scored, what it made, and
-- its precision and recall estimated by the model and from reviewers' decisions
-- (matching/accuracy.py).
with link_runs as (
    select * from {{ source('linkage', 'link_runs') }}
)

select
    cast(extract_date as date) as extract_date,
    scoring,
    records,
    records_scored,
    pairs_kept,
    links,
    persons,
    review_queue,
    decisions_applied,
    pairs_in_persons,
    expected_false_links,
    expected_missed_links,
    estimated_precision,
    estimated_precision_low,
    estimated_precision_high,
    estimated_recall,
    estimated_recall_low,
    estimated_recall_high,
    clerical_pairs_sampled,
    clerical_precision,
    clerical_precision_low,
    clerical_precision_high,
    clerical_recall,
    clerical_recall_low,
    clerical_recall_high
from link_runs
