{#-
    An enrollment is open on a date when it has no end or ends after that date. An end the
    file gave but that was unusable (end_unknown) is past: the enrollment is closed.
-#}
{% macro is_open_on(end_date, on_date, end_unknown) -%}
    (not coalesce({{ end_unknown }}, false) and ({{ end_date }} is null or {{ end_date }} > {{ on_date }}))
{%- endmacro %}

{#- Enrolled on a date: started on or before it and still open on it. -#}
{% macro is_enrolled_on(start_date, end_date, on_date, end_unknown) -%}
    ({{ start_date }} <= {{ on_date }} and {{ is_open_on(end_date, on_date, end_unknown) }})
{%- endmacro %}
