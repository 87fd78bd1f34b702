-- One row per enrollment spell (a roster row: a DCFS case, a JJS admission, an FEP
-- enrollment, a VR application, a UDC supervision), with the person it belongs to.
with int_roster_rows_unioned as (
    select * from {{ ref('int_roster_rows_unioned') }}
),

record_persons as (
    select * from {{ source('linkage', 'record_persons') }}
),

final as (
    select
        {{ spell_id('int_roster_rows_unioned.program', 'int_roster_rows_unioned.client_id',
                    'int_roster_rows_unioned.group_id') }} as spell_id,
        record_persons.person_id,
        int_roster_rows_unioned.program,
        int_roster_rows_unioned.client_id,
        int_roster_rows_unioned.group_id,
        int_roster_rows_unioned.group_role,
        int_roster_rows_unioned.supervision_type,
        int_roster_rows_unioned.enrollment_start_date,
        int_roster_rows_unioned.enrollment_end_date,
        int_roster_rows_unioned.enrollment_end_unknown,
        int_roster_rows_unioned.staff_id,
        {{ is_open_on('int_roster_rows_unioned.enrollment_end_date',
                      "cast('" ~ var('extract_date') ~ "' as date)",
                      'int_roster_rows_unioned.enrollment_end_unknown') }} as is_active,
        int_roster_rows_unioned.extract_date as snapshot_extract_date
    from int_roster_rows_unioned
    inner join record_persons
        on {{ record_id('int_roster_rows_unioned.program', 'int_roster_rows_unioned.client_id') }}
        = record_persons.record_id
)

select * from final
