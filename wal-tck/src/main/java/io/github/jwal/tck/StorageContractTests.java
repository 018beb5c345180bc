package io.github.jwal.tck;

/** The storage SPI's durability contract, rule by rule. */
abstract class StorageContractTests extends KitTests {
}
