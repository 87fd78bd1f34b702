{#- Enrollment spells kept night after night (SCD2). The warehouse is rebuilt each night,
    so this lives in the attached `history` database (the night's state, crosswalk/state.py). A version's
    dbt_valid_from is the extract date that first showed it (macros/snapshot_time.sql); a
    spell gone from its roster (aged out of the 36-month window, deleted) is closed, not lost.
    Only enrollment columns: no names, birth dates or SSNs are kept in history. -#}
{% snapshot enrollment_snapshot %}
{{ config(
    database='history',
    schema='snapshots',
    unique_key='spell_id',
    strategy='check',
    check_cols=['enrollment_start_date', 'enrollment_end_date', 'staff_id', 'group_role',
                'supervision_type'],
    hard_deletes='invalidate',
) }}
    select
        {{ spell_id('program', 'client_id', 'group_id') }} as spell_id,
        program,
        client_id,
        group_id,
        group_role,
        supervision_type,
        enrollment_start_date,
        enrollment_end_date,
        staff_id
    from {{ ref('int_roster_rows_unioned') }}
{% endsnapshot %}
