from typing import Dict

def example_dict_values_doubler(foo: Dict[str, int]):
  return {k: 2 * v for k, v in foo.items()}
