package dev.inferd.invoke;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.inferd.error.BadRequestException;
import dev.inferd.json.JsonLimits;
import dev.inferd.json.JsonMappers;
import dev.inferd.json.NumbersAsSent;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18, point 8: a list of lists of which at least one fits the function is a batch, and each
 * item whose argument count the function does not accept is refused on its own, named by its ID.
 */
class BatchItemsThatDoNotFitAreRefusedOnTheirOwnTest {
    private static final ObjectMapper REQUEST_JSON = JsonMappers.forRequests(JsonLimits.DEFAULTS);
    private static final Arity ONE = Arity.exactly(1);

    private static CallPlan plan(String data, BatchMode mode, String function, Arity arity) {
        try (JsonParser parser = REQUEST_JSON.createParser(data)) {
            parser.nextToken();
            return CallPlan.of(CallDataReader.read(parser, NumbersAsSent.valueReader(REQUEST_JSON, parser)), mode, function, arity);
        } catch (IOException e) {
            throw new IllegalArgumentException(data, e);
        }
    }

    private static CallPlan.Batch batch(String data, String function, Arity arity) {
        CallPlan plan = plan(data, BatchMode.DETECT, function, arity);
        assertThat(plan).as(data).isInstanceOf(CallPlan.Batch.class);
        return (CallPlan.Batch) plan;
    }

    private static List<String> arguments(CallPlan.Batch batch) {
        return batch.calls().stream().map(call -> call.arguments().toString()).toList();
    }

    @Test
    void anItemWithTooFewArgumentsBesideOneThatFitsIsRefusedNamingItsIdItsCountAndTheFunction() {
        CallPlan.Batch batch = batch("[[1, 3, 4, 5], [2, 5, 6]]", "example_adder", Arity.exactly(3));

        assertThat(arguments(batch)).containsExactly("[3, 4, 5]");
        assertThat(batch.refused()).containsExactly(new CallPlan.RefusedItem(1, "item 2 has 2 arguments; example_adder takes 3"));
    }

    @Test
    void anItemWithoutArgumentsForAOneParameterFunctionIsRefusedRatherThanTheListBeingOneArgument() {
        CallPlan.Batch batch = batch("[[1, 10], [2]]", "example_doubler", ONE);

        assertThat(arguments(batch)).containsExactly("[10]");
        assertThat(batch.refused()).containsExactly(new CallPlan.RefusedItem(1, "item 2 has 0 arguments; example_doubler takes 1"));
    }

    @Test
    void refusedItemsTakeTheirPlaceInIdOrder() {
        CallPlan.Batch batch = batch("[[\"b\", 1], [3], [1, 10], [\"a\", 1, 2]]", "f", ONE);

        assertThat(batch.ids()).extracting(BatchItemId::display).containsExactly("1", "3", "\"a\"", "\"b\"");
        assertThat(arguments(batch)).containsExactly("[10]", "[1]");
        assertThat(batch.refused()).containsExactly(new CallPlan.RefusedItem(1, "item 3 has 0 arguments; f takes 1"),
                new CallPlan.RefusedItem(2, "item \"a\" has 2 arguments; f takes 1"));
    }

    @Test
    void theOutcomesOfCalledAndRefusedItemsComeBackTogetherInIdOrder() {
        CallPlan.Batch batch = batch("[[4], [3, 30], [2], [1, 10]]", "f", ONE);
        List<Outcome> ofCalls = List.of(new Outcome.Success(IntNode.valueOf(20)), new Outcome.Success(IntNode.valueOf(60)));

        assertThat(batch.outcomes(ofCalls)).containsExactly(ofCalls.get(0),
                new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, "item 2 has 0 arguments; f takes 1"),
                ofCalls.get(1),
                new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, "item 4 has 0 arguments; f takes 1"));
    }

    @Test
    void oneArgumentIsCountedInTheSingular() {
        CallPlan.Batch batch = batch("[[1, 2, 3], [2, 4]]", "f", Arity.exactly(2));

        assertThat(batch.refused()).extracting(CallPlan.RefusedItem::reason).containsExactly("item 2 has 1 argument; f takes 2");
    }

    @Test
    void aFunctionWithOverloadsRefusesOnlyCountsOutsideAllOfThem() {
        CallPlan.Batch batch = batch("[[1, 10], [2, 10, 20], [3, 10, 20, 30]]", "Scorer#score",
                new Arity(List.of(new Arity.Range(1, 1), new Arity.Range(3, 3))));

        assertThat(arguments(batch)).containsExactly("[10]", "[10, 20, 30]");
        assertThat(batch.refused()).extracting(CallPlan.RefusedItem::reason)
                .containsExactly("item 2 has 2 arguments; Scorer#score takes 1 or 3");
    }

    @Test
    void aFunctionWithVarargsRefusesOnlyItemsShortOfItsRequiredArguments() {
        CallPlan.Batch batch = batch("[[1], [2, 5], [3, 5, 6, 7]]", "f", Arity.atLeast(1));

        assertThat(arguments(batch)).containsExactly("[5]", "[5, 6, 7]");
        assertThat(batch.refused()).extracting(CallPlan.RefusedItem::reason).containsExactly("item 1 has 0 arguments; f takes at least 1");
    }

    /** Asserts that {@code data} is read as one call with the whole list as its argument. */
    private static void assertOneCallOfTheWholeList(String data, BatchMode mode) {
        assertThat(plan(data, mode, "f", ONE)).isEqualTo(new CallPlan.Single(new Call(List.of(json(data)))));
    }

    @Test
    void aListOfListsNoneOfWhichFitsIsStillOneCall() {
        assertOneCallOfTheWholeList("[[1, 2, 3]]", BatchMode.DETECT);
    }

    @Test
    void anElementThatIsNotAListKeepsTheDataOneCall() {
        assertOneCallOfTheWholeList("[[1, 10], 5]", BatchMode.DETECT);
    }

    @Test
    void batchFalseStillMakesOneCallOfAListWhoseItemsPartlyFit() {
        assertOneCallOfTheWholeList("[[1, 10], [2]]", BatchMode.FORCE_SINGLE);
    }

    @Test
    void anItemWhoseFirstElementIsNoIdBesideOneThatFitsRefusesTheWholeRequest() {
        assertThatThrownBy(() -> plan("[[1, 10], [[2], 3]]", BatchMode.DETECT, "f", ONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("batch item IDs must be strings or numbers; got array [2]");
    }

    @Test
    void anEmptyItemBesideOneThatFitsRefusesTheWholeRequestNamingItsPosition() {
        assertThatThrownBy(() -> plan("[[1, 10], []]", BatchMode.DETECT, "f", ONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("batch item 1 must be an array [ID, args...]; got []");
    }

    @Test
    void aRefusedItemsIdStillCountsForDuplicates() {
        assertThatThrownBy(() -> plan("[[1, 10], [1]]", BatchMode.DETECT, "f", ONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("batch item IDs must be unique; ID 1 appears more than once");
    }

    private static JsonNode json(String text) {
        try {
            return NumbersAsSent.readTree(REQUEST_JSON, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
