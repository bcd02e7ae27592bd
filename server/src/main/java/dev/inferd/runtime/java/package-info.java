/**
 * {@code runtime: java}: compiles bundle sources with javax.tools, isolates each version in its own
 * class loader, binds JSON arguments to parameter types with Jackson, and runs chunks of calls on
 * the invocation executor through method handles prepared once per version: one call per item, or,
 * with {@code batch: rows}, one call per chunk of rows.
 */
package dev.inferd.runtime.java;
