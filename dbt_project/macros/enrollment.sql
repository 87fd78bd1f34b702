{#- An enrollment is open on a date when it has no end or ends after that date. -#}
{% macro is_open_on(end_date, on_date) -%}
    ({{ end_date }} is null or {{ end_date }} > {{ on_date }})
{%- endmacro %}

{#- Enrolled on a date: started on or before it and still open on it. -#}
{% macro is_enrolled_on(start_date, end_date, on_date) -%}
    ({{ start_date }} <= {{ on_date }} and {{ is_open_on(end_date, on_date) }})
{%- endmacro %}
