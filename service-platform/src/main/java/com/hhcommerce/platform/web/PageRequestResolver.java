package com.hhcommerce.platform.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Reads {@code ?page=} and {@code ?size=} into a {@link PageRequest}; a value out of range is a 400 naming it. */
class PageRequestResolver implements HandlerMethodArgumentResolver {

  static final String PAGE = "page";
  static final String SIZE = "size";

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == PageRequest.class;
  }

  @Override
  public PageRequest resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                     WebDataBinderFactory binders) {
    return new PageRequest(read(request, PAGE, 0, 0, PageRequest.MAX_PAGE),
        read(request, SIZE, PageRequest.DEFAULT_SIZE, 1, PageRequest.MAX_SIZE));
  }

  private static int read(NativeWebRequest request, String name, int otherwise, int min, int max) {
    String text = request.getParameter(name);
    if (text == null) {
      return otherwise;
    }
    long value = CanonicalNumbers.parse(text).orElse(Long.MIN_VALUE);
    if (value >= min && value <= max) {
      return (int) value;
    }
    throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "%s must be a whole number from %d to %d, not '%s'"
        .formatted(name, min, max, text)).with("parameter", name);
  }
}
