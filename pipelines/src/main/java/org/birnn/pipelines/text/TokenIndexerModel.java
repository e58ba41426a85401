package org.birnn.pipelines.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.spark.SparkLine;
import org.birnn.pipelines.spark.SparkMlPersistence;
import scala.collection.JavaConverters;

/**
 * Maps tokens to ids with a learned vocabulary: {@code array<string>} to {@code array<int>}, 0
 * padding, 1 out-of-vocabulary, 2... the vocabulary in frequency order.
 */
public final class TokenIndexerModel extends Model<TokenIndexerModel>
    implements TokenIndexerParams, MLWritable {
  private static final long serialVersionUID = 1L;

  /** The id of padding. */
  public static final int PAD = 0;

  /** The id of tokens outside the vocabulary. */
  public static final int OOV = 1;

  private final String uid;
  private final String[] vocabulary;
  private final TokenIndexerParamSet columns;

  /** A model over {@code vocabulary} (token of id {@code i + 2} at index {@code i}). */
  public TokenIndexerModel(String uid, String[] vocabulary) {
    SparkLine.requireSupported();
    this.uid = uid;
    this.vocabulary = vocabulary.clone();
    this.columns = new TokenIndexerParamSet(this);
    columns.setDefaults((p, v) -> setDefault(p, v));
  }

  /** For the reader: an empty vocabulary, replaced on load. */
  public TokenIndexerModel(String uid) {
    this(uid, new String[0]);
  }

  /** An empty model for Spark Connect's {@code ServiceLoader}; load or fit a model to use. */
  public TokenIndexerModel() {
    this(Identifiable.randomUID("tokenIndexer"));
  }

  @Override
  public TokenIndexerParamSet paramSet() {
    return columns;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Sets {@link #inputCol()}. */
  public TokenIndexerModel setInputCol(String v) {
    set(columns.inputCol, v);
    return this;
  }

  /** Sets {@link #outputCol()}. */
  public TokenIndexerModel setOutputCol(String v) {
    set(columns.outputCol, v);
    return this;
  }

  /** Sets {@link #handleInvalid()}. */
  public TokenIndexerModel setHandleInvalid(String v) {
    set(columns.handleInvalid, v);
    return this;
  }

  /** The vocabulary: the token of id {@code i + 2} at index {@code i}. */
  public String[] vocabulary() {
    return vocabulary.clone();
  }

  /** Number of ids, padding and out-of-vocabulary included (the Embedding input size). */
  public int numIds() {
    return vocabulary.length + 2;
  }

  static StructType outputSchema(StructType schema, String in, String out) {
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException(
          "Input column '"
              + in
              + "' does not exist; available columns: "
              + Arrays.toString(schema.fieldNames()));
    }
    DataType t = schema.apply(in).dataType();
    if (!(t instanceof ArrayType) || !((ArrayType) t).elementType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(
          "Column '"
              + in
              + "' must be of type array<string> (tokens) but was "
              + t.catalogString()
              + "; use a Tokenizer or RegexTokenizer first");
    }
    if (Arrays.asList(schema.fieldNames()).contains(out)) {
      throw new IllegalArgumentException("Output column '" + out + "' already exists");
    }
    return schema.add(
        new StructField(
            out,
            DataTypes.createArrayType(DataTypes.IntegerType, false),
            true,
            org.apache.spark.sql.types.Metadata.empty()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, getInputCol(), getOutputCol());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < vocabulary.length; i++) {
      ids.put(vocabulary[i], i + 2);
    }
    SparkSession spark = dataset.sparkSession();
    Broadcast<Map<String, Integer>> bc =
        new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(ids);
    String col = getInputCol();
    String mode = getHandleInvalid();
    UserDefinedFunction udf =
        functions.udf(
            (UDF1<scala.collection.Seq<String>, List<Integer>>)
                tokens -> {
                  List<Integer> out = new ArrayList<>();
                  if (tokens == null) {
                    if ("error".equals(mode)) {
                      throw new IllegalArgumentException(
                          "Column '"
                              + col
                              + "' has a null row; set handleInvalid to 'skip' or 'keep'");
                    }
                    return out;
                  }
                  Map<String, Integer> vocab = bc.value();
                  for (String t : JavaConverters.seqAsJavaList(tokens)) {
                    out.add(t == null ? OOV : vocab.getOrDefault(t, OOV));
                  }
                  return out;
                },
            DataTypes.createArrayType(DataTypes.IntegerType, false));
    Dataset<?> input =
        "skip".equals(mode) ? dataset.filter(functions.col(col).isNotNull()) : dataset;
    return input.withColumn(getOutputCol(), udf.apply(functions.col(col)));
  }

  @Override
  public TokenIndexerModel copy(ParamMap extra) {
    return copyValues(new TokenIndexerModel(uid, vocabulary), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** A reader of saved models. */
  public static MLReader<TokenIndexerModel> read() {
    return new Reader();
  }

  /** Loads a saved model. */
  public static TokenIndexerModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final TokenIndexerModel model;

    Writer(TokenIndexerModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkMlPersistence.saveMetadata(model, path, sc());
      StructType schema =
          new StructType().add("vocabulary", DataTypes.createArrayType(DataTypes.StringType));
      sparkSession()
          .createDataFrame(List.of(RowFactory.create((Object) model.vocabulary)), schema)
          .repartition(1)
          .write()
          .parquet(path + "/data");
    }
  }

  private static final class Reader extends MLReader<TokenIndexerModel> {
    @Override
    public TokenIndexerModel load(String path) {
      String cls = TokenIndexerModel.class.getName();
      Row row = sparkSession().read().parquet(path + "/data").first();
      List<String> vocab = row.getList(0);
      SparkMlPersistence.Metadata meta = SparkMlPersistence.loadMetadata(path, sc(), cls);
      TokenIndexerModel m = new TokenIndexerModel(meta.uid(), vocab.toArray(new String[0]));
      meta.applyTo(m);
      return m;
    }
  }
}
