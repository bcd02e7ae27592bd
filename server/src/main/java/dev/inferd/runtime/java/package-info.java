/**
 * {@code runtime: java}: compiles bundle sources with javax.tools, isolates each version in its own
 * class loader, binds JSON arguments to parameter types with Jackson, and runs chunks of calls on
 * the invocation executor through method handles prepared once per version.
 */
package dev.inferd.runtime.java;
