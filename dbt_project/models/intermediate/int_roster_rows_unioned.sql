-- Every roster row of the five programs in one schema: a DCFS person on several cases
-- keeps one row per case (enrollment spells need them all; matching keeps one).
with stg_dcfs__clients as (
    select * from {{ ref('stg_dcfs__clients') }}
),

stg_jjs__clients as (
    select * from {{ ref('stg_jjs__clients') }}
),

stg_fep__clients as (
    select * from {{ ref('stg_fep__clients') }}
),

stg_vr__clients as (
    select * from {{ ref('stg_vr__clients') }}
),

stg_udc__clients as (
    select * from {{ ref('stg_udc__clients') }}
),

final as (
    select * from stg_dcfs__clients
    union all by name
    select * from stg_jjs__clients
    union all by name
    select * from stg_fep__clients
    union all by name
    select * from stg_vr__clients
    union all by name
    select * from stg_udc__clients
)

select * from final
