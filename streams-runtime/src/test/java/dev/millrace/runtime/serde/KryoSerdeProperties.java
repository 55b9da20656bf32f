package dev.millrace.runtime.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.SerializationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KryoSerdeProperties {
  record LineItem(String sku, int quantity, double price) {}

  record Order(String id, long customer, List<LineItem> items, Map<String, String> tags,
      Status status) {}

  enum Status { NEW, PAID, SHIPPED }

  /** A plain object without a no-argument constructor. */
  static final class Employee {
    private final String name;
    private final String department;
    private long salary;

    Employee(String name, String department, long salary) {
      this.name = name;
      this.department = department;
      this.salary = salary;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Employee e && Objects.equals(name, e.name)
          && Objects.equals(department, e.department) && salary == e.salary;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, department, salary);
    }
  }

  @Provide
  Arbitrary<Order> orders() {
    Arbitrary<LineItem> item = Combinators.combine(Arbitraries.strings().ofMaxLength(12),
        Arbitraries.integers(), Arbitraries.doubles()).as(LineItem::new);
    return Combinators.combine(Arbitraries.strings().injectNull(0.1), Arbitraries.longs(),
            item.list().ofMaxSize(5),
            Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), Arbitraries.strings())
                .ofMaxSize(3),
            Arbitraries.of(Status.class).injectNull(0.1))
        .as(Order::new);
  }

  @Provide
  Arbitrary<Employee> employees() {
    return Combinators.combine(Arbitraries.strings().injectNull(0.1),
        Arbitraries.strings().ofMaxLength(300), Arbitraries.longs()).as(Employee::new);
  }

  private static final KryoSerde<Order> ORDERS = KryoSerde.of(Order.class);
  private static final KryoSerde<Order> STRICT = KryoSerde.builder(Order.class)
      .register(Order.class, LineItem.class, Status.class, ArrayList.class,
          java.util.HashMap.class, List.of().getClass(), List.of(1).getClass(),
          List.of(1, 2).getClass(), List.of(1, 2, 3).getClass(), Map.of().getClass(),
          Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass())
      .build();
  private static final KryoSerde<Employee> EMPLOYEES = KryoSerde.builder(Employee.class)
      .initialBufferSize(16).build();

  @Property(tries = 200)
  void recordsRoundTrip(@ForAll("orders") Order order) {
    byte[] bytes = ORDERS.serializer().serialize("t", order);
    assertEquals(order, ORDERS.deserializer().deserialize("t", bytes));
  }

  @Property(tries = 200)
  void registeredClassesRoundTripAndAreSmaller(@ForAll("orders") Order order) {
    Order copy = new Order(order.id(), order.customer(), new ArrayList<>(order.items()),
        new java.util.HashMap<>(order.tags()), order.status());
    byte[] strict = STRICT.serializer().serialize("t", copy);
    assertEquals(copy, STRICT.deserializer().deserialize("t", strict));
    assertTrue(strict.length <= ORDERS.serializer().serialize("t", copy).length);
  }

  @Property(tries = 200)
  void pojosWithoutNoArgConstructorRoundTripAndBuffersGrow(@ForAll("employees") Employee e) {
    byte[] bytes = EMPLOYEES.serializer().serialize("t", e);
    assertEquals(e, EMPLOYEES.deserializer().deserialize("t", bytes));
    // a second serialization through the reused buffer gives the same bytes
    assertArrayEquals(bytes, EMPLOYEES.serializer().serialize("t", e));
  }

  @Example
  void nullMapsToNull() {
    assertNull(ORDERS.serializer().serialize("t", null));
    assertNull(ORDERS.deserializer().deserialize("t", null));
  }

  @Example
  void garbageBytesFailWithTheTopicInTheMessage() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> ORDERS.deserializer().deserialize("orders", new byte[] {(byte) 0xff, 1, 2}));
    assertTrue(e.getMessage().contains("'orders'"), e.getMessage());
  }

  @Example
  void requiredRegistrationRefusesUnregisteredClasses() {
    KryoSerde<Order> onlyOrder = KryoSerde.builder(Order.class).register(Order.class)
        .requireRegistration(true).build();
    Order o = new Order("x", 1, List.of(new LineItem("a", 1, 1.0)), Map.of(), Status.NEW);
    SerializationException e = assertThrows(SerializationException.class,
        () -> onlyOrder.serializer().serialize("t", o));
    assertTrue(e.getMessage().contains("'t'"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> KryoSerde.builder(Order.class).requireRegistration(true).build());
  }

  @Example
  void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2000; i++) {
            Order o = new Order("o" + thread + "-" + i, i,
                List.of(new LineItem("s" + i, i, i / 2.0)), Map.of("t", "" + thread),
                Status.PAID);
            if (!o.equals(ORDERS.deserializer().deserialize("t",
                ORDERS.serializer().serialize("t", o)))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
