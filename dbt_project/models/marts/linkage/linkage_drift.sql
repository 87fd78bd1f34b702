-- Tonight's records, links and match rate per program beside the last earlier night's in the
-- history: a fall of more than `drift_alert_points` usually means a broken extract, not a
-- changed population.
with linkage_match_rates as (
    select * from {{ ref('linkage_match_rates') }}
),

process_measures_by_night as (
    select * from {{ ref('process_measures_by_night') }}
),

previous_nights as (
    select
        program,
        extract_date,
        match_rate
    from process_measures_by_night
    where extract_date < cast('{{ var("extract_date") }}' as date)
    qualify row_number() over (partition by program order by extract_date desc) = 1
),

final as (
    select
        linkage_match_rates.program,
        linkage_match_rates.extract_date,
        linkage_match_rates.records,
        linkage_match_rates.records_linked,
        linkage_match_rates.records_unmatched,
        linkage_match_rates.match_rate,
        previous_nights.extract_date as previous_extract_date,
        previous_nights.match_rate as previous_match_rate,
        round(100 * (linkage_match_rates.match_rate - previous_nights.match_rate), 2)
            as change_points,
        coalesce(
            100 * (linkage_match_rates.match_rate - previous_nights.match_rate)
            < -{{ var('drift_alert_points') }},
            false
        ) as is_drift_alert
    from linkage_match_rates
    left join previous_nights on linkage_match_rates.program = previous_nights.program
)

select * from final
