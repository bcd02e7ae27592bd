package dev.inferd.invoke;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BadRequestException;
import dev.inferd.json.JsonLimits;
import dev.inferd.json.JsonMappers;
import dev.inferd.json.NumbersAsSent;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PROTOCOL §1, "Telling a batch from a single call", and the batch rules checked before anything runs. */
class CallPlanTellsABatchFromASingleCallTest {
    private static final ObjectMapper REQUEST_JSON = JsonMappers.forRequests(JsonLimits.DEFAULTS);
    private static final Arity ONE = Arity.exactly(1);
    private static final Arity TWO = Arity.exactly(2);

    private static JsonNode json(String text) {
        try {
            return REQUEST_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The data as the server reads it: batch-shaped data item by item, anything else as a tree. */
    private static CallData read(String text) {
        try (JsonParser parser = REQUEST_JSON.createParser(text)) {
            parser.nextToken();
            return CallDataReader.read(parser, NumbersAsSent.valueReader(REQUEST_JSON, parser));
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static CallPlan plan(String data, BatchMode mode, Arity arity) {
        return CallPlan.of(read(data), mode, "f", arity);
    }

    private static CallPlan.Batch batch(String data, BatchMode mode, Arity arity) {
        CallPlan plan = plan(data, mode, arity);
        assertThat(plan).isInstanceOf(CallPlan.Batch.class);
        return (CallPlan.Batch) plan;
    }

    private static CallPlan.Single single(String data, BatchMode mode, Arity arity) {
        CallPlan plan = plan(data, mode, arity);
        assertThat(plan).isInstanceOf(CallPlan.Single.class);
        return (CallPlan.Single) plan;
    }

    private static List<String> texts(Call call) {
        return call.arguments().stream().map(JsonNode::toString).toList();
    }

    @Test
    void aListOfIdAndArgumentItemsIsABatch() {
        CallPlan.Batch plan = batch("[[1, 10], [2, 11]]", BatchMode.DETECT, ONE);

        assertThat(plan.ids()).extracting(BatchItemId::display).containsExactly("1", "2");
        assertThat(plan.calls()).extracting(CallPlanTellsABatchFromASingleCallTest::texts)
                .containsExactly(List.of("10"), List.of("11"));
    }

    @Test
    void aOneListParameterFunctionGivenPairsReadsThemAsABatch() {
        CallPlan.Batch plan = batch("[[1, 2], [3, 4]]", BatchMode.DETECT, ONE);

        assertThat(plan.ids()).extracting(BatchItemId::display).containsExactly("1", "3");
    }

    @Test
    void batchFalseForcesASingleCallWithTheWholeList() {
        CallPlan.Single plan = single("[[1, 2], [3, 4]]", BatchMode.FORCE_SINGLE, ONE);

        assertThat(texts(plan.call())).containsExactly("[[1,2],[3,4]]");
    }

    @Test
    void batchTrueOnDataThatIsABatchAnywayIsTheSameBatch() {
        CallPlan.Batch plan = batch("[[\"b\", 1], [\"a\", 2]]", BatchMode.FORCE_BATCH, ONE);

        assertThat(plan.ids()).extracting(BatchItemId::display).containsExactly("\"a\"", "\"b\"");
    }

    @Test
    void batchItemsAreSortedByIdWithTheirArguments() {
        CallPlan.Batch plan = batch("[[\"z\", 1], [10, 2], [2, 3], [-1, 4], [0.5, 5]]", BatchMode.DETECT, ONE);

        assertThat(plan.ids()).extracting(BatchItemId::display).containsExactly("-1", "0.5", "2", "10", "\"z\"");
        assertThat(plan.calls()).extracting(CallPlanTellsABatchFromASingleCallTest::texts)
                .containsExactly(List.of("4"), List.of("5"), List.of("3"), List.of("2"), List.of("1"));
    }

    @Test
    void dataIsASingleCallWhenNoItemHasAnArgumentCountTheFunctionAccepts() {
        // [1, 2] has one argument after the ID; a two-parameter function needs two.
        assertThat(CallPlan.looksLikeBatch(json("[[1, 2], [3, 4]]"), TWO)).isFalse();
        assertThat(CallPlan.looksLikeBatch(json("[[1, 2, 3], [4, 5, 6]]"), TWO)).isTrue();
        assertThat(CallPlan.looksLikeBatch(json("[[1, 2, 3, 4], [5, 6]]"), TWO)).isFalse();
    }

    @Test
    void itemsWhoseFirstElementIsNotAStringOrNumberMakeTheDataASingleCall() {
        for (String data : List.of("[[{\"a\": 1}, 2]]", "[[[1], 2]]", "[[true, 2]]", "[[null, 2]]")) {
            assertThat(CallPlan.looksLikeBatch(json(data), ONE)).as(data).isFalse();
            assertThat(single(data, BatchMode.DETECT, ONE).call().arguments()).as(data).containsExactly(json(data));
        }
    }

    @Test
    void emptyArraysAndNonArraysAreNeverABatch() {
        assertThat(CallPlan.looksLikeBatch(json("[]"), ONE)).isFalse();
        assertThat(CallPlan.looksLikeBatch(json("[[]]"), Arity.exactly(0))).isFalse();
        assertThat(CallPlan.looksLikeBatch(json("10"), ONE)).isFalse();
        assertThat(CallPlan.looksLikeBatch(json("{\"a\": [1, 2]}"), ONE)).isFalse();
        assertThat(CallPlan.looksLikeBatch(json("[[1, 2], 3]"), ONE)).isFalse();
    }

    @Test
    void anOptionalParameterRangeAcceptsItemsOfEitherLength() {
        Arity oneOrTwo = Arity.between(1, 2);

        CallPlan.Batch plan = batch("[[1, 10], [2, 20, 30]]", BatchMode.DETECT, oneOrTwo);

        assertThat(plan.calls()).extracting(CallPlanTellsABatchFromASingleCallTest::texts)
                .containsExactly(List.of("10"), List.of("20", "30"));
    }

    @Test
    void aSingleCallSpreadsAnArrayOverSeveralParameters() {
        CallPlan.Single plan = single("[3, 4, 5]", BatchMode.DETECT, Arity.exactly(3));

        assertThat(texts(plan.call())).containsExactly("3", "4", "5");
    }

    @Test
    void aOneParameterFunctionTakesAnyValueWhole() {
        assertThat(texts(single("10", BatchMode.DETECT, ONE).call())).containsExactly("10");
        assertThat(texts(single("{\"value\": 10}", BatchMode.DETECT, ONE).call())).containsExactly("{\"value\":10}");
        assertThat(texts(single("[1, 2]", BatchMode.DETECT, ONE).call())).containsExactly("[1,2]");
        assertThat(texts(single("[]", BatchMode.DETECT, ONE).call())).containsExactly("[]");
    }

    @Test
    void aSingleCallWithTheWrongArgumentCountIsABadRequest() {
        assertThatThrownBy(() -> plan("[1, 2, 3]", BatchMode.DETECT, TWO))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("takes 2 arguments")
                .hasMessageContaining("got 3");
        assertThatThrownBy(() -> plan("7", BatchMode.DETECT, TWO))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("takes 2 arguments");
    }

    @Test
    void duplicateIdsAreRefusedNamingTheId() {
        assertThatThrownBy(() -> plan("[[1, 10], [2, 11], [1, 12]]", BatchMode.DETECT, ONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("unique")
                .hasMessageContaining("ID 1 ");
        assertThatThrownBy(() -> plan("[[\"a\", 10], [\"a\", 11]]", BatchMode.DETECT, ONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("\"a\"");
    }

    @Test
    void numericallyEqualIdsAreDuplicates() {
        assertThatThrownBy(() -> plan("[[2.50, 10], [2.5, 11]]", BatchMode.DETECT, ONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("2.50")
                .hasMessageContaining("2.5");
        assertThatThrownBy(() -> plan("[[18446744073709551616, 1], [18446744073709551616.0, 2]]", BatchMode.DETECT, ONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("18446744073709551616");
    }

    @Test
    void aStringIdAndTheEqualNumberAreDifferentIds() {
        CallPlan.Batch plan = batch("[[\"1\", 10], [1, 11]]", BatchMode.DETECT, ONE);

        assertThat(plan.ids()).extracting(BatchItemId::display).containsExactly("1", "\"1\"");
    }

    @Test
    void batchTrueRefusesIdsThatAreNotStringsOrNumbers() {
        for (String data : List.of("[[{\"a\": 1}, 2]]", "[[[1], 2]]", "[[true, 2]]", "[[null, 2]]")) {
            assertThatThrownBy(() -> plan(data, BatchMode.FORCE_BATCH, ONE)).as(data)
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("IDs must be strings or numbers");
        }
    }

    @Test
    void batchTrueRefusesAnItemWithTheWrongArgumentCountOnItsOwnNamingIt() {
        CallPlan.Batch plan = batch("[[1, 10], [\"x\", 1, 2]]", BatchMode.FORCE_BATCH, ONE);

        assertThat(plan.calls()).extracting(CallPlanTellsABatchFromASingleCallTest::texts).containsExactly(List.of("10"));
        assertThat(plan.refused()).containsExactly(new CallPlan.RefusedItem(1, "item \"x\" has 2 arguments; f takes 1"));
    }

    @Test
    void batchTrueMakesABatchEvenOfItemsNoneOfWhichFits() {
        CallPlan.Batch plan = batch("[[7]]", BatchMode.FORCE_BATCH, ONE);

        assertThat(plan.calls()).isEmpty();
        assertThat(plan.refused()).containsExactly(new CallPlan.RefusedItem(0, "item 7 has 0 arguments; f takes 1"));
    }

    @Test
    void batchTrueRefusesDataThatIsNotANonEmptyArrayOfItems() {
        for (String data : List.of("[]", "10", "{\"a\": 1}", "[[1, 2], 3]", "[[]]")) {
            assertThatThrownBy(() -> plan(data, BatchMode.FORCE_BATCH, ONE)).as(data)
                    .isInstanceOf(BadRequestException.class);
        }
    }

    @Test
    void dataReadItemByItemAndDataReadAsATreeGiveTheSamePlan() {
        String[] samples = {"[[2, 1], [1, 2]]", "[[\"b\", [1, 2]], [\"a\", {\"k\": null}]]", "[[1, 2], 3]", "[[1, 2], []]",
                "[[1, 2], [{}, 2]]", "[[1], [2]]", "[[1e2, 2], [-0, 3]]", "[[1, 2, 3], [4, 5, 6]]",
                // items of which some fit and some do not, sorted and refused alike
                "[[3, 1, 2], [1, 2], [\"a\"], [2, 5, 6, 7]]", "[[1, 2], [[2], 3]]", "[[2], [1, 2], [2, 3]]",
                // whole-number IDs: in order, shuffled and dense, shuffled and sparse, far apart, with duplicates
                "[[1, 5], [2, 6], [2, 7]]", "[[3, 1], [1, 2], [2, 3]]",
                "[[5, 0], [2, 1], [7, 2], [0, 3], [3, 4], [6, 5], [1, 6], [4, 7]]", "[[900000, 1], [-5, 2], [12, 3]]",
                "[[9223372036854775807, 1], [-9223372036854775808, 2]]", "[[3, 1], [1, 2], [3, 3]]",
                "[[900000, 1], [-5, 2], [900000, 3]]", "[[2, 1], [-0, 2], [1, 3]]", "[[2, 1], [1, 2], [\"1\", 3]]",
                // an ID beyond a double's range, kept exactly as sent, before an item with the wrong argument count
                "[[2, 1], [1e400, 2], [1, 2, 3]]"};
        for (String sample : samples) {
            for (BatchMode mode : BatchMode.values()) {
                for (Arity arity : new Arity[] {ONE, TWO, Arity.exactly(0)}) {
                    String fromItems = outcome(() -> CallPlan.of(read(sample), mode, "f", arity));
                    String fromTree = outcome(() -> CallPlan.of(new CallData.Tree(treeKeepingNumbers(sample)), mode, "f", arity));
                    assertThat(fromItems).as(sample + " " + mode + " " + arity.describe()).isEqualTo(fromTree);
                }
            }
        }
    }

    private static JsonNode treeKeepingNumbers(String text) {
        try {
            return NumbersAsSent.readTree(REQUEST_JSON, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A plan or its refusal, as text that compares equal when they are. */
    private static String outcome(java.util.function.Supplier<CallPlan> planning) {
        try {
            CallPlan plan = planning.get();
            if (plan instanceof CallPlan.Single single) {
                return "single " + single.call().arguments();
            }
            CallPlan.Batch batch = (CallPlan.Batch) plan;
            List<String> ids = batch.ids().stream()
                    .map(id -> id.display() + (id.isPlainInteger() ? " = " + id.smallInteger() : "") + " from " + id.original())
                    .toList();
            return "batch " + ids + " " + batch.calls().stream().map(call -> call.arguments().toString()).toList()
                    + " refused " + batch.refused();
        } catch (BadRequestException e) {
            return "refused: " + e.getMessage();
        }
    }
}
