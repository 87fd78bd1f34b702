-- person_crosswalk promises one row per (program, client_id).
select
    program,
    client_id,
    count(*) as rows_for_client
from {{ ref('person_crosswalk') }}
group by program, client_id
having count(*) > 1
