-- Every active client paired with each record of the same person active in another program:
-- the co-enrollment the sync report, new matches and notices are built from.
with int_person_records_identified as (
    select * from {{ ref('int_person_records_identified') }}
),

active as (
    select * from int_person_records_identified
    where is_active
),

final as (
    select
        this_program.program,
        this_program.client_id,
        this_program.staff_id,
        this_program.person_id,
        other_program.program as other_program,
        other_program.client_id as other_client_id,
        other_program.staff_id as other_staff_id
    from active as this_program
    inner join active as other_program
        on this_program.person_id = other_program.person_id
        and this_program.program <> other_program.program
)

select * from final
