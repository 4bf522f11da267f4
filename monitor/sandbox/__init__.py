"""Local servers that speak X's and Facebook's HTTP APIs, for the demo, the tests and the benchmarks."""
