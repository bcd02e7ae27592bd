def example_adder(a: int, b: int, c: int):
  return a + b + c
