-- Each spell's versions are numbered once each, and at most one is current.
select spell_id
from {{ ref('enrollment_history') }}
group by spell_id
having count(*) <> count(distinct version) or count(*) filter (where is_current_version) > 1
