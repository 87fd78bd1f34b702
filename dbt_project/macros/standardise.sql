{#- Letters only, lower case, accents folded: what name comparison should see. -#}
{% macro name_key(expr) -%}
    nullif(regexp_replace(lower(strip_accents(coalesce({{ expr }}, ''))), '[^a-z]', '', 'g'), '')
{%- endmacro %}
