{#- Snapshot versions are dated by the night's extract date, not the wall clock: a night
    run late, or rerun, dates its changes to the extract it read. -#}
{% macro duckdb__snapshot_get_time() -%}
    cast('{{ var("extract_date") }}' as timestamp)
{%- endmacro %}
