def example_doubler(foo: int):
  return 2 * foo
