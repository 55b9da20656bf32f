package dev.millrace.log;

/**
 * The rule for topic names, shared by every log so that a name valid on one log is valid on all,
 * and on Apache Kafka: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, and not {@code .} or
 * {@code ..}.
 */
public final class TopicNames {
  /** Longest topic name Kafka accepts. */
  public static final int MAX_LENGTH = 249;

  private TopicNames() {}

  /**
   * Checks a topic name.
   *
   * @return {@code name}, for chaining
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException naming the topic and the rule it breaks
   */
  public static String validate(String name) {
    if (name == null) {
      throw new NullPointerException("topic name must not be null");
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("topic name must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "topic name '" + name + "' is " + name.length() + " characters; at most " + MAX_LENGTH
              + " are allowed");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("topic name must not be '.' or '..'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!allowed) {
        throw new IllegalArgumentException(
            "topic name '" + name + "' contains '" + c + "' at index " + i
                + "; only letters, digits, '.', '_' and '-' are allowed");
      }
    }
    return name;
  }
}
