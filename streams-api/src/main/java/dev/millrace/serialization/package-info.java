/**
 * Turning typed keys and values into bytes and back: {@link dev.millrace.serialization.Serializer},
 * {@link dev.millrace.serialization.Deserializer}, the pair of them as a
 * {@link dev.millrace.serialization.Serde}, and the built-ins in
 * {@link dev.millrace.serialization.Serdes}.
 */
package dev.millrace.serialization;
