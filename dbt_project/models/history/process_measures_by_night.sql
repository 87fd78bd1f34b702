{#- Every night's process measures, kept in the attached `history` database (the night's
    state, see crosswalk/state.py) like the enrollment snapshot: each build adds its own
    night to the history as of the night before, and a rerun replaces its own rows. -#}
{{ config(
    materialized='incremental',
    database='history',
    schema='measures',
    unique_key=['extract_date', 'program'],
    incremental_strategy='delete+insert',
) }}

with process_measures_tonight as (
    select * from {{ ref('process_measures_tonight') }}
)

select * from process_measures_tonight
