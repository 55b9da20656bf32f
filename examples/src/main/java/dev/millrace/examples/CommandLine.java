package dev.millrace.examples;

/** What the examples' option parsers share; a wrong argument is an IllegalArgumentException. */
public final class CommandLine {
  private CommandLine() {}

  /** The value following {@code option}, at {@code args[i]}. */
  public static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** {@code value} as a whole number from {@code min} to {@code max} ({@code _} groups digits). */
  public static long number(String option, String value, long min, long max) {
    try {
      long n = Long.parseLong(value.replace("_", ""));
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a whole number >= " + min
        + (max < Integer.MAX_VALUE ? " and <= " + max : "") + ", got '" + value + "'");
  }
}
