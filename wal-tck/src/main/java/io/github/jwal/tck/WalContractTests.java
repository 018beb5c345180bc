package io.github.jwal.tck;

/** The engine's semantics over the backend. */
abstract class WalContractTests extends KitTests {
}
