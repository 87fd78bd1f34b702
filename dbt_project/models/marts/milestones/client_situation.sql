-- casework.casework_client_situation without SUBSTANCE_USE milestones: 42 CFR Part 2
-- allows those to the consented case manager only, not to everyone who opens this file.
with casework_client_situation as (
    select * from {{ ref('casework_client_situation') }}
),

final as (
    select * exclude (other_is_substance_use)
    from casework_client_situation
    where not other_is_substance_use
)

select * from final
