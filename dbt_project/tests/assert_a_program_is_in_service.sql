-- A night needs at least one program with a good drop on or before it: otherwise there is
-- nothing to build (look at stg_audit__load_audit for why each drop failed).

select count(*) as programs_in_service
from {{ ref('stg_audit__program_snapshots') }}
having count(in_service_extract_date) = 0
