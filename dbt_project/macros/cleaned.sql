{#-
    A raw value, or null when ingest flagged that field (raw._nulled_columns),
    then parsed with `parse` (a format string for dates) or passed through.
-#}
{% macro cleaned(column, date_format=none) -%}
    case
        when list_contains(_nulled_columns, '{{ column }}') then null
        {% if date_format -%}
        else try_strptime(nullif(trim("{{ column }}"), ''), '{{ date_format }}')::date
        {%- else -%}
        else nullif(trim("{{ column }}"), '')
        {%- endif %}
    end
{%- endmacro %}

{#- Nine SSN digits, or null. -#}
{% macro ssn_digits(column) -%}
    nullif(regexp_replace(({{ cleaned(column) }}), '[^0-9]', '', 'g'), '')
{%- endmacro %}

{#-
    The file gave an end date that ingest nulled or that does not parse: the enrollment
    has ended, when is unknown (nulling must never reopen it).
-#}
{% macro end_unknown(column, date_format) -%}
    (nullif(trim("{{ column }}"), '') is not null and {{ cleaned(column, date_format) }} is null)
{%- endmacro %}
