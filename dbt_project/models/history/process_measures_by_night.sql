{#- Every night's process measures, kept in the attached `history` database (the night's
    state, see crosswalk/state.py) like the enrollment snapshot: each build adds its own
    night to the history as of the night before (delete+insert keeps a night once, should
    that history already hold it). A measure added later becomes a new column. -#}
{{ config(
    materialized='incremental',
    database='history',
    schema='measures',
    unique_key=['extract_date', 'program'],
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
) }}

with process_measures_tonight as (
    select * from {{ ref('process_measures_tonight') }}
)

select * from process_measures_tonight
