package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.event.EventListener;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * The service starts without Spring's search for {@code @EventListener} methods
 * ({@link EventListenerMethodScanOff}); this is what makes that safe: no bean of the started
 * service, whoever contributed it, has such a method. A dependency that brings one fails here.
 */
class EventListenerMethodScanOffEndToEndTest {

    @RegisterExtension
    static final ClerkStandInServiceExtension RUNNING = new ClerkStandInServiceExtension("ins_event_listener_scan");

    @Test
    void theServiceStartsWithoutSpringsEventListenerMethodProcessor() {
        assertThat(RUNNING.service().beanFactory()
                .containsBeanDefinition(AnnotationConfigUtils.EVENT_LISTENER_PROCESSOR_BEAN_NAME)).isFalse();
    }

    @Test
    void noBeanOfTheStartedServiceDeclaresAnEventListenerMethod() {
        var beanFactory = RUNNING.service().beanFactory();
        var listenerMethods = new ArrayList<String>();
        var beansLookedAt = 0;
        for (var name : beanFactory.getBeanDefinitionNames()) {
            var type = beanFactory.getType(name);
            if (type == null) {
                continue;
            }
            beansLookedAt++;
            // The same search Spring's EventListenerMethodProcessor makes.
            MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                    (MethodIntrospector.MetadataLookup<EventListener>) method ->
                            AnnotatedElementUtils.findMergedAnnotation(method, EventListener.class))
                    .keySet().forEach(method -> listenerMethods.add(name + ": " + method));
        }
        assertThat(beansLookedAt).as("beans of the started service").isGreaterThan(100);
        assertThat(listenerMethods).isEmpty();
    }
}
