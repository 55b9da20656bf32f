package dev.millrace.streams.kstream;

/**
 * Combines the values of two records with the same key into the value of a join result:
 * {@code orders.join(customers, (order, customer) -> order.withName(customer.name()))}.
 *
 * <p>In an inner join both arguments are non-null. In a left join the right value is null when
 * the left record has no partner; in an outer join either one may be null, never both.
 *
 * @param <V1> the left (this stream's or table's) value type
 * @param <V2> the right (other side's) value type
 * @param <VR> the joined value type
 */
@FunctionalInterface
public interface ValueJoiner<V1, V2, VR> {
  VR apply(V1 left, V2 right);
}
