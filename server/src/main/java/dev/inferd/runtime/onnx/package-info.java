/**
 * {@code runtime: onnx}: ONNX models run in this JVM by ONNX Runtime, a chunk of calls per run, with
 * no Python in the path. Arguments become rows of the model's input tensors, and rows of its output
 * tensors become answers.
 */
package dev.inferd.runtime.onnx;
