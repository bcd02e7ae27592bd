def example_dict_doubler(d: dict):
  return d["value"] * 2
