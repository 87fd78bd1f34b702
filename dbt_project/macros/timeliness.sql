{#- The contract's timeliness counts over a group of marts.applications rows. -#}
{% macro timeliness_counts() -%}
    cast(count(*) as integer) as applications,
    cast(count(*) filter (where is_decided) as integer) as decided,
    cast(count(*) filter (where is_decided_same_day) as integer) as decided_same_day,
    cast(count(*) filter (where is_decided_within_standard) as integer) as decided_within_standard,
    cast(count(*) filter (where is_pending_past_standard) as integer) as pending_past_standard,
    cast(count(*) filter (where is_denied) as integer) as denials,
    cast(count(*) filter (where is_procedural_denial) as integer) as procedural_denials,
    median(days_to_decision) as median_days_to_decision
{%- endmacro %}
