/**
 * The examples' API, written once against Jakarta REST and jaxrs-oauth only: each example module boots it on its
 * runtime through {@link dev.jaxrsoauth.example.ExampleLauncher}.
 */
package dev.jaxrsoauth.example;
