-- The DCFS roster key is the pair (person_id, case_id); ingest quarantines repeats.
select
    client_id,
    group_id,
    count(*) as rows_for_key
from {{ ref('stg_dcfs__clients') }}
group by client_id, group_id
having count(*) > 1
