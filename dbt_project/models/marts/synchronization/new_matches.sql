-- Active clients found tonight in another program that they were not linked to last night:
-- a new record, or records the previous night kept apart. On the first night every match is new.
with int_coenrolled_clients_paired as (
    select * from {{ ref('int_coenrolled_clients_paired') }}
),

previous_record_persons as (
    select * from {{ source('linkage', 'previous_record_persons') }}
),

final as (
    select
        paired.program,
        paired.client_id,
        paired.staff_id,
        paired.person_id,
        paired.other_program,
        paired.other_client_id,
        paired.other_staff_id,
        cast('{{ var("extract_date") }}' as date) as found_on
    from int_coenrolled_clients_paired as paired
    left join previous_record_persons as previous_this
        on {{ record_id('paired.program', 'paired.client_id') }} = previous_this.record_id
    left join previous_record_persons as previous_other
        on {{ record_id('paired.other_program', 'paired.other_client_id') }} = previous_other.record_id
    where previous_this.person_id is null
        or previous_other.person_id is null
        or previous_this.person_id <> previous_other.person_id
)

select * from final
