package com.hhcommerce.stack;

/** A start-up or shutdown failure, worded for the person at the terminal. */
public class StackException extends RuntimeException {

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
