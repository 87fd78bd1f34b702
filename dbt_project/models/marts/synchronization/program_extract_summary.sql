-- The Summary sheet of each program lead's workbook: the roster in service, and how many of
-- the program's active clients are also active elsewhere.
with programs as (
    select * from {{ ref('programs') }}
),

program_snapshots as (
    select * from {{ source('programs', 'program_snapshots') }}
),

process_measures_tonight as (
    select * from {{ ref('process_measures_tonight') }}
),

program_match_results as (
    select * from {{ ref('program_match_results') }}
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
        process_measures_tonight.active_clients,
        coalesce(elsewhere.clients_active_elsewhere, 0) as clients_active_elsewhere,
        coalesce(elsewhere.clients_active_elsewhere_sharing, 0) as clients_active_elsewhere_sharing
    from programs
    left join program_snapshots on programs.program = program_snapshots.program
    left join process_measures_tonight on programs.program = process_measures_tonight.program
    left join elsewhere on programs.program = elsewhere.program
)

select * from final
