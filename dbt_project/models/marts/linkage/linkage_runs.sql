-- Tonight's linkage in one row (matching.night): how it was scored and what it made.
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
    decisions_applied
from link_runs
