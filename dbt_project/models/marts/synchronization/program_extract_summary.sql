-- The Summary sheet of each program lead's workbook: the roster in service, its active
-- persons (program_overlap's count), and how many of its clients are also active elsewhere.
with programs as (
    select * from {{ ref('programs') }}
),

program_snapshots as (
    select * from {{ ref('stg_audit__program_snapshots') }}
),

program_overlap as (
    select * from {{ ref('program_overlap') }}
),

program_match_results as (
    select * from {{ ref('program_match_results') }}
),

active as (
    select
        program_a as program,
        max(persons_active_in_a) as active_persons
    from program_overlap
    group by program_a
),

elsewhere as (
    select
        program,
        count(*) as clients_active_elsewhere,
        count(*) filter (where has_consent) as clients_active_elsewhere_sharing
    from program_match_results
    group by program
),

final as (
    select
        programs.program,
        cast('{{ var("extract_date") }}' as date) as extract_date,
        program_snapshots.in_service_extract_date,
        coalesce(program_snapshots.is_stale, true) as is_stale,
        coalesce(program_snapshots.tonight_outcome, 'missing') as tonight_outcome,
        coalesce(active.active_persons, 0) as active_persons,
        coalesce(elsewhere.clients_active_elsewhere, 0) as clients_active_elsewhere,
        coalesce(elsewhere.clients_active_elsewhere_sharing, 0) as clients_active_elsewhere_sharing
    from programs
    left join program_snapshots on programs.program = program_snapshots.program
    left join active on programs.program = active.program
    left join elsewhere on programs.program = elsewhere.program
)

select * from final
