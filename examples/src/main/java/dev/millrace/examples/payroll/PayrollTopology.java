package dev.millrace.examples.payroll;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;

/**
 * The payroll application:
 *
 * <pre>
 *   salary-updates (employee → update, sharded by department)
 *     ├─ salaries ─ repartition by employee ─ latest by event time ─► current-salary (KTable)
 *     │     ├─► employee-salaries            (employee → current salary update)
 *     │     └─ groupBy department, adder/subtractor ─► department-payroll (department → sum)
 *     └─ bonuses ─ groupBy department ─ sum ─► department-bonuses (department → sum)
 * </pre>
 *
 * Example: {@code alice: (sales, 100)}, {@code bob: (sales, 50)}, then {@code alice: (legal,
 * 120)} gives {@code department-payroll} {@code sales → 150, sales → 50, legal → 120}: moving
 * retracts alice's old salary from sales and adds the new one to legal.
 *
 * <p>Input records of one employee may sit in several partitions (the input is sharded by
 * department and employees move), so their processing order is not their issue order; the
 * current salary is therefore the update with the latest event time, not the last one processed.
 */
public final class PayrollTopology {
  public static final String INPUT_TOPIC = "salary-updates";
  public static final String EMPLOYEE_SALARIES_TOPIC = "employee-salaries";
  public static final String DEPARTMENT_PAYROLL_TOPIC = "department-payroll";
  public static final String DEPARTMENT_BONUSES_TOPIC = "department-bonuses";
  public static final String CURRENT_SALARY_STORE = "current-salary";
  public static final String DEPARTMENT_PAYROLL_STORE = "department-payroll-totals";
  public static final String DEPARTMENT_BONUSES_STORE = "department-bonus-totals";

  private PayrollTopology() {}

  /** The topology, with stores of {@code stores} type. */
  public static Topology build(StoreType stores) {
    Serde<String> string = Serdes.String();
    Serde<Long> money = Serdes.Long();
    Serde<SalaryUpdate> update = SalaryUpdateSerde.serde();
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, SalaryUpdate> updates =
        builder.stream(INPUT_TOPIC, Consumed.with(string, update));

    KTable<String, SalaryUpdate> current = updates
        .filter((employee, u) -> u.isSalary())
        .groupBy((employee, u) -> u.employeeId(),
            Grouped.with(string, update).withName("salaries-by-employee"))
        .reduce((previous, next) -> next.eventTime() >= previous.eventTime() ? next : previous,
            Materialized.<String, SalaryUpdate>as(CURRENT_SALARY_STORE)
                .withKeySerde(string).withValueSerde(update).withStoreType(stores));
    current.toStream().to(EMPLOYEE_SALARIES_TOPIC, Produced.with(string, update));

    current
        .groupBy((employee, u) -> KeyValue.pair(u.department(), u.amount()),
            Grouped.with(string, money).withName("salaries-by-department"))
        .reduce(Long::sum, (total, leaving) -> total - leaving,
            Materialized.<String, Long>as(DEPARTMENT_PAYROLL_STORE)
                .withKeySerde(string).withValueSerde(money).withStoreType(stores))
        .toStream()
        .to(DEPARTMENT_PAYROLL_TOPIC, Produced.with(string, money));

    updates
        .filter((employee, u) -> u.isBonus())
        .map((employee, u) -> KeyValue.pair(u.department(), u.amount()))
        .groupByKey(Grouped.with(string, money).withName("bonuses-by-department"))
        .reduce(Long::sum, Materialized.<String, Long>as(DEPARTMENT_BONUSES_STORE)
            .withKeySerde(string).withValueSerde(money).withStoreType(stores))
        .toStream()
        .to(DEPARTMENT_BONUSES_TOPIC, Produced.with(string, money));
    return builder.build();
  }
}
