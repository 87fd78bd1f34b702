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

{#- The shares a county is measured by, as (column, aggregate over marts.applications rows):
    county_rankings and county_performance_monthly compute them alike. -#}
{% macro intake_shares() -%}
    {{- return({
        'same_day_share': 'avg(case when is_decided then cast(is_decided_same_day as integer) end)',
        'within_standard_share':
            'avg(case when is_decided then cast(is_decided_within_standard as integer) end)',
        'procedural_denial_share': 'avg(case when is_denied then cast(is_procedural_denial as integer) end)',
        'churn_share': 'avg(cast(is_reapplication_within_90_days as integer))',
        'served_elsewhere_share': 'avg(cast(is_served_elsewhere as integer))',
    }) -}}
{%- endmacro %}
